// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

export default defineConfig({
  integrations: [mdx()],
  devToolbar: { enabled: false },
  server: { host: '127.0.0.1', port: 4321 },
});
