declare module "vitest" {
  export interface ProvidedContext {
    /** Where the loopback fake listens. */
    fakes: { baseUrl: string };
  }
}

export {};
