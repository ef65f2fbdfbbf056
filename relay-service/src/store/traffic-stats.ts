// The per-minute traffic statistics the relay keeps in its queue store (no separate time-series database), per node.

/** What one node counted for one virtual server in one minute (the rules of smtp-metrics.ts and delivery-metrics.ts). */
export interface TrafficCounts {
  /** Messages accepted with 250. */
  accepted: number;
  /** Recipients delivered to the next hop. */
  delivered: number;
  /** Recipient attempts deferred for a later retry. */
  deferred: number;
  /** Recipients failed for good. */
  bounced: number;
  /** SMTP commands (MAIL FROM, RCPT TO) refused by a rate limit and connections refused by max_connections_per_ip. */
  rate_limited: number;
}

/** Counts to add for one minute (its first millisecond, UTC) and virtual server. */
export interface TrafficIncrement extends TrafficCounts {
  minute: Date;
  virtual_server_id: string;
}

/** One minute of one virtual server as read: counts summed over every node, queue size the largest sample of any node. */
export interface TrafficMinute extends TrafficCounts {
  minute: Date;
  virtual_server_id: string;
  /** Queued messages (fresh and deferred) at the latest sample a node took in this minute (max over nodes); null: none sampled. */
  queue_size: number | null;
}

/**
 * Kept beside the queue by each store engine and checked by traffic-stats.case.ts. Rows are keyed by minute, virtual
 * server and node, so nodes (and worker processes) add their own counts without contending, and a read sums them.
 */
export interface TrafficStatsStore {
  /** Adds each increment to the node's row of its minute and virtual server (creating it), all in one transaction. */
  addTraffic(nodeId: string, increments: TrafficIncrement[]): Promise<void>;
  /** Queued messages (fresh and deferred) per virtual server that has any. */
  queueSizes(): Promise<Map<string, number>>;
  /** The node's sample of the queue size of each server in `sizes` for `minute`, replacing the node's earlier sample of that minute. */
  recordQueueSizes(nodeId: string, minute: Date, sizes: Map<string, number>): Promise<void>;
  /** Minutes in [from, to) that have a row, of the given servers (null: all), by virtual server and then minute. */
  readTraffic(filter: { from: Date; to: Date; virtualServerIds: string[] | null }): Promise<TrafficMinute[]>;
  /** Deletes the rows of minutes before `before`; idempotent, so any number of nodes may prune one store. Returns how many rows. */
  pruneTraffic(before: Date): Promise<number>;
}
