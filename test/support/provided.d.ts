declare module "vitest" {
  export interface ProvidedContext {
    /** Where the loopback fake listens. */
    fakes: { baseUrl: string };
    /** Ports of the loopback TCP listeners (`tcp-fake.ts`). */
    tcpFakes: import("./tcp-fake").TcpFakeInfo;
  }
}

export {};
