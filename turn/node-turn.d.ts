// The part of node-turn 0.0.6 (with patches/node-turn@0.0.6.patch) that turn/server.ts uses.
declare module "node-turn" {
  interface Address {
    address: string;
    port: number;
  }
  interface Allocation {
    mappedAddress: Address;
    relayedTransportAddress: Address;
  }
  interface AllocateRequest {
    transport: { src: Address };
    getAttribute(name: "username"): string | undefined;
  }
  type NodeTurnLevel = "ALL" | "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL";
  interface ServerConfig {
    listeningIps: string[];
    listeningPort: number;
    relayIps?: string[];
    externalIps?: string | null;
    minPort: number;
    maxPort: number;
    maxAllocateLifetime: number;
    defaultAllocatetLifetime: number;
    authMech: "none" | "short-term" | "long-term";
    realm: string;
    debugLevel?: NodeTurnLevel;
    debug(level: NodeTurnLevel, msg: unknown): void;
    passwordFor(username: string): string | null;
    peerAllowed(ip: string, port?: number): boolean;
    allocationAllowed(msg: AllocateRequest): boolean;
    /** Makes the listening and relay sockets; node:dgram's createSocket by default. */
    createSocket?(type: "udp4" | "udp6"): import("node:events").EventEmitter;
  }
  class Server {
    constructor(config: ServerConfig);
    software: string;
    allocations: Record<string, Allocation>;
    pendingAllocations: Record<string, { transactionID: string; client: string }>;
    start(): Promise<void>;
    stop(): Promise<void>;
    on(event: "allocation-created" | "allocation-deleted", listener: (a: Allocation) => void): this;
  }
  export default Server;
}
