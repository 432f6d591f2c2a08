/** Ports of the browser-test harness, apart from `npm start`'s so both can run at once. */
export const TEST_PORTS = { site: 4399, userPool: 9490, gateway: 9491 };
