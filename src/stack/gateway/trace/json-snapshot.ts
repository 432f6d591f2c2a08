/**
 * A JSON text held as text until a trace is read. A trace keeps the Lambda
 * event it recorded; as one string it costs the garbage collector far less
 * than the object graph, and it cannot change after it was taken.
 */
export class JsonSnapshot {
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  /** Serialised traces show the object, as if it had been kept. */
  toJSON(): unknown {
    return JSON.parse(this.#text);
  }
}
