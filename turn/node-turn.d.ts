// The part of node-turn 0.0.6 (with patches/node-turn@0.0.6.patch) that turn/server.ts uses.
declare module "node-turn" {
  interface Address {
    address: string;
    port: number;
  }
  interface Allocation {
    fiveTuple: string;
    mappedAddress: Address;
    relayedTransportAddress: Address;
    /** Who authenticated the Allocate (long-term credentials). */
    user: { username: string } | null;
    delete(): void;
  }
  /** What answers and relayed data to a client are sent on: a dgram socket, or turn/tcp.ts's connection. */
  interface ClientSocket {
    send(msg: Uint8Array, port: number, address: string, callback?: (err: Error | null) => void): boolean;
  }
  interface Network {
    /** The 5-tuple allocations are kept under, for `protocol` 0x06 (TCP) or 0x11 (UDP). */
    fiveTuple(protocol: number, src: Address, dst: Address): string;
    /** One STUN or ChannelData message from a client; throws on malformed input. */
    receive(message: Buffer, fiveTuple: string, protocol: number, src: Address, dst: Address, socket: ClientSocket): void;
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
    /** `client` is the IP address of the TURN client asking. */
    peerAllowed(ip: string, port: number | undefined, client: string): boolean;
    allocationAllowed(msg: AllocateRequest): boolean;
    /** Makes the listening and relay sockets; node:dgram's createSocket by default. */
    createSocket?(type: "udp4" | "udp6"): import("node:events").EventEmitter;
  }
  class Server {
    constructor(config: ServerConfig);
    software: string;
    allocations: Record<string, Allocation>;
    pendingAllocations: Record<string, { transactionID: string; client: string; username: string | undefined }>;
    network: Network;
    start(): Promise<void>;
    stop(): Promise<void>;
    on(event: "allocation-created" | "allocation-deleted", listener: (a: Allocation) => void): this;
    off(event: "allocation-created" | "allocation-deleted", listener: (a: Allocation) => void): this;
  }
  export default Server;
}
