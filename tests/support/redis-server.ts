// A real Debian redis-server for tests and benches: a child process on a free loopback port, no
// persistence (nothing written to disk), stopped by stop(). scripts/test.sh installs it when absent.
// Plain Node APIs, so that Playwright's runner (Node) can use it as well as bun test.
import { spawn, type ChildProcess } from "node:child_process";
import { connect, createServer } from "node:net";

export interface RedisServer {
  url: string;
  port: number;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** A TCP port on 127.0.0.1 that nothing holds right now. */
function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Does a Redis on `port` answer PING? */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: "127.0.0.1", port }, () => s.write("PING\r\n"));
    s.setTimeout(500, () => s.destroy());
    s.once("data", (d) => {
      resolve(d.toString().startsWith("+PONG"));
      s.destroy();
    });
    s.once("error", () => resolve(false));
    s.once("close", () => resolve(false));
  });
}

export async function startRedis(): Promise<RedisServer> {
  for (let attempt = 0; ; attempt++) {
    const port = await freeTcpPort();
    const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning"], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    proc.stderr!.on("data", (d) => (err += d));
    const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
    const deadline = Date.now() + 10_000;
    while (proc.exitCode === null && Date.now() < deadline) {
      if (await pong(port)) {
        const stop = async () => {
          if (proc.exitCode === null) proc.kill("SIGTERM");
          await exited;
        };
        return { url: `redis://127.0.0.1:${port}`, port, proc, stop };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    proc.kill();
    await exited;
    // Another process may have taken the port between our check and redis-server's bind.
    if (attempt >= 3) throw new Error(`redis-server did not start on port ${port}: ${err}`);
  }
}
