// Larger kernel buffers for the relay's UDP sockets. Bun.udpSocket has no option for SO_RCVBUF, but it
// gives its descriptor, and libc's setsockopt takes that. The relay is one JavaScript thread: when the
// machine is busy it may not read for a few hundred milliseconds, and with Linux's default 208 KiB a
// listening socket taking 2,000 datagrams/s overflows in about 0.1 s and drops them (seen here as
// 3% loss against coturn's 0% in tests/turn-uclient.test.ts). 4 MiB rides out about 1.5 s of that.
// Memory is charged only for datagrams actually queued, so an idle socket costs nothing more.
//
// The kernel caps the request at net.core.rmem_max / wmem_max (an unprivileged limit that an operator
// raises with sysctl); effectiveBuffers() tells what was granted. Linux only: elsewhere the socket
// keeps the system's defaults.
import { dlopen, FFIType, ptr } from "bun:ffi";

export const RELAY_SOCKET_BUFFER = 4 << 20;

const SOL_SOCKET = 1;
const SO_SNDBUF = 7;
const SO_RCVBUF = 8;

type Libc = {
  setsockopt: (fd: number, level: number, name: number, value: number, len: number) => number;
  getsockopt: (fd: number, level: number, name: number, value: number, len: number) => number;
};

let libc: Libc | null | undefined;

function load(): Libc | null {
  if (libc !== undefined) return libc;
  libc = null;
  if (process.platform !== "linux") return libc;
  for (const name of ["libc.so.6", "libc.so"]) {
    try {
      const lib = dlopen(name, {
        setsockopt: { args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.u32], returns: FFIType.i32 },
        getsockopt: { args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
      });
      libc = lib.symbols as unknown as Libc;
      break;
    } catch {
      // musl names it differently; try the next, and keep the defaults if none loads.
    }
  }
  return libc;
}

/** Ask for `bytes` of receive and send buffer on socket `fd`; false when the platform gives no way. */
export function enlargeBuffers(fd: number, bytes = RELAY_SOCKET_BUFFER): boolean {
  const c = load();
  if (!c || fd < 0) return false;
  const value = new Int32Array([bytes]);
  const ok = c.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, ptr(value), 4) === 0;
  return c.setsockopt(fd, SOL_SOCKET, SO_SNDBUF, ptr(value), 4) === 0 && ok;
}

/** The buffers the kernel granted socket `fd` (Linux reports twice the request: it counts its bookkeeping). */
export function effectiveBuffers(fd: number): { receive: number; send: number } | null {
  const c = load();
  if (!c) return null;
  const read = (name: number) => {
    const value = new Int32Array(1);
    const len = new Uint32Array([4]);
    return c.getsockopt(fd, SOL_SOCKET, name, ptr(value), ptr(len)) === 0 ? value[0]! : NaN;
  };
  return { receive: read(SO_RCVBUF), send: read(SO_SNDBUF) };
}
