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
const [http, turn, min, max] = ["port", "turn-port", "turn-min-port", "turn-max-port"].map(defaultOf);

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

  test("the image exposes the default HTTP port, the relay port and the relay's range", () => {
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${http}/tcp ${turn}/udp ${min}-${max}/udp$`, "m"));
  });

  test("the README's docker run line publishes the same ports and sets TURN_EXTERNAL_IP", () => {
    const run = readme.slice(readme.indexOf("docker run"), readme.indexOf("```", readme.indexOf("docker run")));
    expect(run).toContain(`-p ${http}:${http}`);
    expect(run).toContain(`-p ${turn}:${turn}/udp`);
    expect(run).toContain(`-p ${min}-${max}:${min}-${max}/udp`);
    expect(run).toContain("-e TURN_EXTERNAL_IP=");
  });
});
