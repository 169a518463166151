// Builds the browser UI from client/ into dist/public, which the Bun server serves.
// In development, Vite serves the UI and forwards the signaling socket and the API to the Bun server.
import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

const api = `http://127.0.0.1:${process.env.FERRY_API_PORT ?? 8080}`;

export default defineConfig({
  root: "client",
  plugins: [solid()],
  build: {
    outDir: "../dist/public",
    emptyOutDir: true,
    target: "es2022",
  },
  server: {
    proxy: {
      "/ws": { target: api, ws: true },
      "/api": { target: api },
      "/healthz": { target: api },
    },
  },
});
