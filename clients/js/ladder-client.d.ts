// Type declarations of the ladder-client package (handwritten; kept in step with src/ladder-client.js).

/** A `message` frame: a stored message, replayed or live. */
export interface MessageFrame {
  type: 'message';
  room: string;
  /** Strictly increasing within the room, not necessarily dense. */
  seq: number;
  sender: string;
  text: string;
  /** When the node stored it: RFC 3339 in UTC, e.g. `2025-01-31T12:34:56.789Z`. */
  ts: string;
  clientMsgId: string;
}

export interface DeletedFrame { type: 'deleted'; room: string; seq: number; }

export interface PresenceFrame {
  type: 'presence';
  room: string;
  /** Everyone online, sent once after joining. */
  online?: string[];
  joinedUser?: string;
  leftUser?: string;
}

export interface TypingFrame { type: 'typing'; room: string; user?: string; }

export interface JoinedFrame {
  type: 'joined';
  room: string;
  /** The room's latest seq at join time (0 if none). */
  head: number;
}

export interface SyncedFrame { type: 'synced'; room: string; seq: number; }

/** Messages with from < seq <= to were skipped by the replay: page them with `history`. */
export interface TruncatedFrame { type: 'truncated'; room: string; from: number; to: number; }

export interface WelcomeFrame { type: 'welcome'; protocol: number; node: string; session: string; user: string; }

export interface ErrorFrame {
  type: 'error';
  code: string;
  message: string;
  /** The refused frame's clientMsgId, else its type. */
  ref?: string;
  retryAfterMs?: number;
  /** v1.1, for `forbidden`: `grant_required`, `send_grant_required`, `server_only`, `not_a_participant`,
   *  `invalid_grant`, `unknown_namespace`, `typing_off`. */
  reason?: ForbiddenReason;
  /** v1.1: the room refused. */
  room?: string;
}

export type ForbiddenReason = 'grant_required' | 'send_grant_required' | 'server_only' | 'not_a_participant'
  | 'invalid_grant' | 'unknown_namespace' | 'typing_off';

/** v1.1: the answer to the client's `refresh`; the session now lasts until `expiresAt`. */
export interface RefreshedFrame { type: 'refreshed'; expiresAt: string; }

export interface HistoryItem {
  seq: number;
  sender: string;
  /** null when deleted. */
  text: string | null;
  ts: string;
  clientMsgId: string;
  deleted: boolean;
}

export interface HistoryPage {
  type?: 'history';
  room: string;
  /** Newest first. */
  messages: HistoryItem[];
  hasMore: boolean;
}

export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'stopped';
export type Transport = 'websocket' | 'sse';

export interface StateEvent {
  state: ConnectionState;
  transport?: Transport;
  node?: string | null;
  closeCode?: number | null;
  error?: unknown;
}

export interface LadderEvents {
  message: MessageFrame;
  deleted: DeletedFrame;
  presence: PresenceFrame;
  typing: TypingFrame;
  joined: JoinedFrame;
  synced: SyncedFrame;
  truncated: TruncatedFrame;
  error: ErrorFrame;
  welcome: WelcomeFrame;
  state: StateEvent;
  /** The session's token was refreshed without a reconnect. */
  refreshed: RefreshedFrame;
}

/** What a retry policy is told before each reconnect attempt. */
export interface RetryContext {
  /** Failed attempts since the last working connection (0 right after a drop of one). */
  previousRetryCount: number;
  /** ms since the last working connection ended (or since connect()). */
  elapsedTime: number;
  retryReason: unknown;
  closeCode: number | null;
  wasConnected: boolean;
}

export interface RetryPolicy {
  /** The delay in ms before the next attempt, or null to give up (the client stops). */
  nextRetryDelay(context: RetryContext): number | null;
}

/** Constructors and functions the client would otherwise take from globalThis. */
export type WebSocketConstructor = new (url: string) => any;
export type EventSourceConstructor = new (url: string) => any;
export type FetchFunction = (input: any, init?: any) => Promise<any>;

export interface LadderClientOptions {
  /** Asked before every connection attempt, and before the token's `exp` for a `refresh` (see tokenRefreshMargin);
   *  a throw fails the first connect with `unauthorized`. */
  token: () => string | Promise<string>;
  /** v1.1: a grant token from the app's backend for a namespaced room (not `dm:`), or null for none. Asked before the
   *  room's join, the hello that resumes it after a reconnect, its history, and over SSE its stream and posts. A
   *  throw is logged and the frame goes without a grant. */
  grant?: ((room: string) => string | null | Promise<string | null>) | null;
  /** ms, default 30000: how long before the token's `exp` (read from the JWT, not validated) a new token is sent in
   *  a `refresh` frame, keeping the session; at most a fifth of what is left. 0: no refresh (the node closes with
   *  4001 at expiry and the client reconnects with a new token). WebSocket only. */
  tokenRefreshMargin?: number;
  /** Base URLs of the chat nodes; default: the page's origin (required outside a page). */
  nodes?: string[] | null;
  /** Default 'auto': WebSocket, SSE when the WebSocket cannot open. */
  transport?: 'auto' | 'websocket' | 'sse';
  /** ms, default 200: backoff base, and the jitter window after a drop. */
  reconnectMinDelay?: number;
  /** ms, default 10000. */
  reconnectMaxDelay?: number;
  /** ms, default 10000: for the upgrade and welcome. */
  connectTimeout?: number;
  /** ms, default 15000; 0 disables liveness checks. */
  pingInterval?: number;
  /** ms, default 10000. */
  pongTimeout?: number;
  /** Default 1000: send() rejects with `outbox_full` beyond it. */
  outboxCapacity?: number;
  /** Default 2. */
  webSocketFailuresBeforeSse?: number;
  /** Default: random per client. */
  clientMsgIdPrefix?: string | null;
  /** Default 65536 (UTF-8 bytes of the send frame). */
  maxFrameBytes?: number;
  /** Default 4096 (UTF-16 code units). */
  maxTextLength?: number;
  /** Default 1024. */
  deletedMemoryPerRoom?: number;
  /** Default: exponentialRetryPolicy(options). */
  retryPolicy?: RetryPolicy | null;
  /** Default globalThis.WebSocket (Node 20: `--experimental-websocket`, or the `ws` package). */
  WebSocket?: WebSocketConstructor | null;
  /** Default globalThis.EventSource; only for the SSE fallback. */
  EventSource?: EventSourceConstructor | null;
  /** Default globalThis.fetch. */
  fetch?: FetchFunction | null;
}

export interface WaitOptions {
  signal?: AbortSignal | null;
  /** ms; rejects with code `timeout`. */
  timeout?: number | null;
}

export interface SendOptions extends WaitOptions {
  clientMsgId?: string | null;
}

export interface HistoryOptions extends WaitOptions {
  /** Only messages with a seq below this one. */
  before?: number | null;
  /** 1–200 (RangeError otherwise); default: the node's (50). */
  limit?: number | null;
}

/** A refusal (`code` is a protocol error code, or `stopped`, `outbox_full`, `timeout`, `aborted`). */
export class LadderError extends Error {
  constructor(code: string, message: string, options?: { cause?: unknown; reason?: string | null; room?: string | null });
  readonly code: string;
  /** v1.1, for a `forbidden` refusal of a room: why (`grant_required`, `invalid_grant`…); null otherwise. */
  readonly reason: ForbiddenReason | string | null;
  /** v1.1: the room refused, when the node named it. */
  readonly room: string | null;
}

export class LadderClient {
  constructor(options: LadderClientOptions);
  readonly state: ConnectionState;
  /** What the client uses, or will use next. */
  readonly transport: Transport;
  /** The node of the current connection, null while disconnected. */
  readonly node: string | null;
  /** Sends not yet acknowledged. */
  readonly pendingSends: number;
  /** The highest seq seen in a room (the resume position), null if none. */
  lastKnownId(room: string): number | null;
  /** Subscribes; returns a function that unsubscribes. */
  on<K extends keyof LadderEvents>(type: K, handler: (detail: LadderEvents[K]) => void): () => void;
  /** Starts the connection loop; resolves at the first welcome, rejects with `unauthorized` on a refused token. */
  connect(): Promise<void>;
  /** Joins a room (replaying everything after lastKnownId first); stays joined across reconnects. A refusal
   *  (`forbidden` with its `reason`, `invalid_room`) rejects and is not retried. */
  join(room: string, lastKnownId?: number | null, options?: WaitOptions): Promise<JoinedFrame>;
  /** Leaves a room; its unacknowledged sends fail with `not_joined`. */
  leave(room: string): Promise<void>;
  /** Posts a message; resolves with its seq once durably stored. */
  send(room: string, text: string, options?: string | SendOptions | null): Promise<number>;
  /** "Is typing", best effort; false when not sent. */
  typing(room: string): boolean;
  /** Older messages, newest first. */
  history(room: string, options?: HistoryOptions): Promise<HistoryPage>;
  /** Closes normally (1000) and stops reconnecting; pending operations fail with `stopped`. */
  close(): void;
  /** Drops the current connection as a network failure would; the client resumes by itself. */
  dropConnection(): void;
}

/** POST /dev/token (only on nodes with development tokens enabled). */
export function devToken(user: string, node?: string, options?: { fetch?: FetchFunction }): Promise<{ token: string; expiresAt: string }>;

/** The default retry policy: a random wait within reconnectMinDelay after a drop, then exponential backoff with
 *  jitter up to reconnectMaxDelay; gives up after giveUpAfter ms without a working connection (never when null). */
export function exponentialRetryPolicy(options?: { reconnectMinDelay?: number; reconnectMaxDelay?: number; giveUpAfter?: number | null }): RetryPolicy;
