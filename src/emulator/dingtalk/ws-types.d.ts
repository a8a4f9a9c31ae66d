// The `ws` package ships no types and @types/ws is not installed: what the emulator uses of it.
declare module 'ws' {
  import type { Server } from 'node:http';
  import type { EventEmitter } from 'node:events';
  export class WebSocket extends EventEmitter {
    readonly readyState: number;
    send(data: string): void;
    close(): void;
    terminate(): void;
  }
  export class WebSocketServer extends EventEmitter {
    constructor(opts: { server?: Server; noServer?: boolean; path?: string });
    readonly clients: Set<WebSocket>;
    close(cb?: () => void): void;
  }
  export default WebSocket;
}
