import { MemoryStore } from "./memory";
import { storeContract } from "./contract";

storeContract("memory store", async (now) => new MemoryStore(now));
