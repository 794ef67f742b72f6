/** One connection's place in a room: the peer id and the connection (unique per socket). */
export interface RoomMember {
  readonly peer: string;
  readonly conn: string;
}

/** What servers sharing a broker tell each other about a room. */
export type BrokerEvent =
  | { readonly kind: 'message'; readonly from: RoomMember; readonly text: string }
  | { readonly kind: 'joined'; readonly member: RoomMember }
  | { readonly kind: 'left'; readonly member: RoomMember };

/** What {@link SignalingBroker.join} concludes. */
export type JoinOutcome =
  | { readonly joined: true; readonly replaced: RoomMember | null }
  | { readonly joined: false; readonly reason: 'room-full' };

/**
 * Where the members of each room are known and how messages reach the other servers: in memory
 * for one process ({@link createMemoryBroker}, the default), over Redis for several
 * ({@link createRedisBroker}).
 */
export interface SignalingBroker {
  /**
   * Takes a place in the room unless it is full. A member with the same peer id is replaced (its
   * connection is closed with 4010 wherever it is): a reconnecting client takes its own place.
   */
  join(room: string, member: RoomMember, maxPeers: number): Promise<JoinOutcome>;
  /** Gives the place up, unless another connection of the same peer has taken it meanwhile. */
  leave(room: string, member: RoomMember): Promise<void>;
  /** Tells the other servers; this process's own members are served by the caller. */
  publish(room: string, event: BrokerEvent): void;
  /** Events other servers published in the room, while this process has members in it. */
  subscribe(room: string, listener: (event: BrokerEvent) => void): Promise<() => void>;
  /** How many members the room has in every process, as far as this process knows (for holding messages). */
  count(room: string): number;
  /** The peer ids of the room across processes. */
  presence(room: string): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * The broker of a single process: rooms in memory, nothing to publish.
 *
 * @example
 * ```ts
 * const server = await createSignalingServer({ auth, origins, broker: createMemoryBroker() });
 * ```
 */
export function createMemoryBroker(): SignalingBroker {
  const rooms = new Map<string, Map<string, string>>();
  return {
    async join(room, { peer, conn }, maxPeers) {
      const members = rooms.get(room) ?? new Map<string, string>();
      const previous = members.get(peer);
      if (previous === undefined && members.size >= maxPeers) return { joined: false, reason: 'room-full' };
      members.set(peer, conn);
      rooms.set(room, members);
      return { joined: true, replaced: previous === undefined ? null : { peer, conn: previous } };
    },
    async leave(room, { peer, conn }) {
      const members = rooms.get(room);
      if (members?.get(peer) !== conn) return;
      members.delete(peer);
      if (members.size === 0) rooms.delete(room);
    },
    publish() {},
    async subscribe() {
      return () => {};
    },
    count: (room) => rooms.get(room)?.size ?? 0,
    presence: async (room) => [...(rooms.get(room)?.keys() ?? [])],
    async close() {
      rooms.clear();
    },
  };
}
