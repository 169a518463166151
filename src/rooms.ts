// Who is in which room. Pure bookkeeping: knows nothing of Bun or WebSockets (design.md, principle 4).
import type { PeerInfo } from "./protocol";

export interface Member<C> {
  info: PeerInfo;
  room: string;
  conn: C;
}

export class Rooms<C> {
  private members = new Map<string, Member<C>>();
  private rooms = new Map<string, Set<string>>();

  /** Add a member; returns the others already in its room. */
  join(room: string, info: PeerInfo, conn: C): Member<C>[] {
    const others = this.inRoom(room);
    this.members.set(info.id, { info, room, conn });
    let set = this.rooms.get(room);
    if (!set) this.rooms.set(room, (set = new Set()));
    set.add(info.id);
    return others;
  }

  /** Remove a member; returns the others left in its room (empty when it was unknown). */
  leave(id: string): Member<C>[] {
    const m = this.members.get(id);
    if (!m) return [];
    this.members.delete(id);
    const set = this.rooms.get(m.room)!;
    set.delete(id);
    if (set.size === 0) this.rooms.delete(m.room);
    return this.inRoom(m.room);
  }

  get(id: string): Member<C> | undefined {
    return this.members.get(id);
  }

  /** The member `to`, only when it shares a room with `from`: the one gate for relaying signals. */
  reachable(from: string, to: string): Member<C> | undefined {
    const a = this.members.get(from);
    const b = this.members.get(to);
    return a && b && a.room === b.room && from !== to ? b : undefined;
  }

  /** Everyone in the room of `id` except `id` itself. */
  othersOf(id: string): Member<C>[] {
    const m = this.members.get(id);
    return m ? this.inRoom(m.room).filter((o) => o.info.id !== id) : [];
  }

  rename(id: string, name: string): PeerInfo | undefined {
    const m = this.members.get(id);
    if (!m) return undefined;
    m.info = { ...m.info, name };
    return m.info;
  }

  allMembers(): Member<C>[] {
    return [...this.members.values()];
  }

  get size(): number {
    return this.members.size;
  }

  private inRoom(room: string): Member<C>[] {
    return [...(this.rooms.get(room) ?? [])].map((id) => this.members.get(id)!);
  }
}
