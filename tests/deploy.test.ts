// No Docker engine runs here, so the Dockerfile is checked as text: it must build with the same commands
// as CI and expose exactly the ports the configuration defaults to, as the README's `docker run` line does.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OPTIONS } from "../src/config";
import { ROOT } from "./support/ferry-process";
import pkg from "../package.json";

const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const defaultOf = (flag: string) => OPTIONS.find((o) => o.flag === flag)!.default!;
const [http, turn, turnTls] = ["port", "turn-port", "turn-tls-port"].map(defaultOf);
// The image narrows the relay's range (Docker publishes every port of it); the README must publish that range.
const env = (name: string) => new RegExp(`^ENV .*\\b${name}=(\\d+)`, "m").exec(dockerfile)?.[1];
const [min, max] = [env("TURN_MIN_PORT"), env("TURN_MAX_PORT")];

describe("deployment files", () => {
  test("the image builds with the pinned Bun and the scripts CI runs", () => {
    expect(dockerfile).toMatch(new RegExp(`^FROM oven/bun:${pkg.devDependencies["bun-types"].replaceAll(".", "\\.")} AS build$`, "m"));
    expect(dockerfile).toMatch(/^RUN bun install --frozen-lockfile$/m);
    expect(dockerfile).toMatch(/^RUN bun run build$/m);
    expect(pkg.scripts.build).toBe("vite build && bun scripts/compile.ts");
    expect(readFileSync(join(ROOT, "scripts/test.sh"), "utf8")).toContain("bun install --frozen-lockfile");
  });

  test("the image runs only the executable, as a non-root user", () => {
    const runStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
    expect(runStage).toContain("COPY --from=build /src/dist/ferry /ferry");
    expect(runStage).toMatch(/^USER nonroot$/m);
    expect(runStage).toMatch(/^ENTRYPOINT \["\/ferry"\]$/m);
  });

  test("the image exposes the default HTTP port, the relay ports (UDP, TCP, TLS) and the relay's range it sets", () => {
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${http}/tcp ${turn}/udp ${turn}/tcp ${turnTls}/tcp ${min}-${max}/udp$`, "m"));
    // A range within the default one, small enough to publish, large enough for several devices' quotas.
    const [lo, hi] = [Number(min), Number(max)];
    expect(lo).toBeGreaterThanOrEqual(Number(defaultOf("turn-min-port")));
    expect(hi).toBeLessThanOrEqual(Number(defaultOf("turn-max-port")));
    expect(hi - lo + 1).toBeGreaterThanOrEqual(Number(defaultOf("turn-max-allocations-per-credential")) * 4);
  });

  test("the README's docker run line publishes the same ports and sets TURN_EXTERNAL_IP", () => {
    const run = readme.slice(readme.indexOf("docker run"), readme.indexOf("```", readme.indexOf("docker run")));
    expect(run).toContain(`-p ${http}:${http}`);
    expect(run).toContain(`-p ${turn}:${turn}/udp`);
    expect(run).toContain(`-p ${turn}:${turn}/tcp`);
    expect(run).toContain(`-p ${turnTls}:${turnTls}/tcp`);
    expect(run).toContain(`-p ${min}-${max}:${min}-${max}/udp`);
    expect(run).toContain("-e TURN_EXTERNAL_IP=");
  });
});
