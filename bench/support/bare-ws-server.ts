// The baseline for bench/signaling.ts: a bare Bun WebSocket server doing the same room broadcast as
// Ferry's signaling and nothing else. A client names its room (the X-Forwarded-For address, as the
// bench gives Ferry) and itself (?name=); on open it gets a welcome listing the room and the room gets
// peer-joined; signals go to a room member; on close the room gets peer-left.
//
//   bun bench/support/bare-ws-server.ts   → prints "listening on PORT"
type Data = { id: string; name: string; room: string };
const rooms = new Map<string, Map<string, Bun.ServerWebSocket<Data>>>();
let next = 0;

const server = Bun.serve<Data, never>({
  port: 0,
  hostname: "127.0.0.1",
  fetch(req, srv) {
    const url = new URL(req.url);
    const data = { id: String(++next), name: url.searchParams.get("name") ?? "", room: req.headers.get("x-forwarded-for") ?? "" };
    return srv.upgrade(req, { data }) ? undefined : new Response("upgrade expected", { status: 426 });
  },
  websocket: {
    idleTimeout: 5,
    sendPings: true,
    open(ws) {
      const { id, name, room } = ws.data;
      let members = rooms.get(room);
      if (!members) rooms.set(room, (members = new Map()));
      const self = { id, name, device: "bench" };
      ws.send(JSON.stringify({ type: "welcome", self, peers: [...members.values()].map((m) => ({ id: m.data.id, name: m.data.name, device: "bench" })), iceServers: [] }));
      const joined = JSON.stringify({ type: "peer-joined", peer: self });
      for (const m of members.values()) m.send(joined);
      members.set(id, ws);
    },
    message(ws, raw) {
      const msg = JSON.parse(String(raw)) as { type: string; to?: string; data?: unknown };
      if (msg.type !== "signal") return;
      const target = rooms.get(ws.data.room)?.get(msg.to ?? "");
      target?.send(JSON.stringify({ type: "signal", from: ws.data.id, data: msg.data }));
    },
    close(ws) {
      const members = rooms.get(ws.data.room);
      if (!members) return;
      members.delete(ws.data.id);
      if (members.size === 0) rooms.delete(ws.data.room);
      const left = JSON.stringify({ type: "peer-left", id: ws.data.id });
      for (const m of members.values()) m.send(left);
    },
  },
});
console.log(`listening on ${server.port}`);
