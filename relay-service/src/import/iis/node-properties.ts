// The properties of one metabase node with those it inherits (server <- service), and the record of what became of each.
import { describeNode, MetabaseError, type MetabaseNode } from './metabase-xml.ts';
import type { ReportLine } from '../migration-report.ts';
import { unmappedProperties } from './unmapped-properties.ts';

/** Properties whose values the report never shows. */
const secretProperties = new Set(['routepassword', 'anonymoususerpass', 'logodbcpassword', 'adminacl']);

/** Reads properties by name (case-insensitively), own before inherited, and records one report line for each. */
export class NodeProperties {
  readonly lines: ReportLine[] = [];
  private readonly values = new Map<string, { name: string; value: string; from: string }>();
  private readonly done = new Set<string>();

  /** `chain` from the most specific node (the server) to the least (the service). */
  constructor(readonly node: MetabaseNode, chain: MetabaseNode[]) {
    for (const source of [...chain].reverse()) {
      for (const [name, value] of source.properties) this.values.set(name.toLowerCase(), { name, value, from: source.location });
    }
  }

  /** The value of `name`, or undefined when neither the node nor its ancestors set it. */
  get(name: string): string | undefined {
    return this.values.get(name.toLowerCase())?.value;
  }

  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  /** Records that `name` became `outcome`; `shown` replaces the raw value in the report (e.g. a decoded list). */
  mapped(name: string, outcome: string, shown?: string): void {
    this.record(name, true, outcome, shown);
  }

  /** Records that `name` is not mapped and why. */
  notMapped(name: string, reason: string, shown?: string): void {
    this.record(name, false, reason, shown);
  }

  /** An error naming this node and the property. */
  error(name: string, message: string): MetabaseError {
    const found = this.values.get(name.toLowerCase());
    return new MetabaseError(`${describeNode(this.node)}: ${found?.name ?? name}${found && found.from !== this.node.location ? ` (inherited from ${found.from})` : ''} ${message}`);
  }

  /**
   * Records every property not yet recorded as not mapped, with the reason of the catalog; throws for a property the
   * catalog does not know. Returns the report lines sorted by property name.
   */
  finish(): ReportLine[] {
    for (const [key, found] of this.values) {
      if (this.done.has(key)) continue;
      const reason = unmappedProperties.get(key);
      if (reason === undefined) throw this.error(found.name, 'is an unknown property: it is not in the IIS 6 SMTP metabase property reference this importer knows, so the import stops rather than drop it');
      this.notMapped(found.name, reason);
    }
    return [...this.lines].sort((a, b) => a.property.localeCompare(b.property, 'en'));
  }

  private record(name: string, mapped: boolean, outcome: string, shown?: string): void {
    const key = name.toLowerCase();
    const found = this.values.get(key);
    if (!found || this.done.has(key)) return;
    this.done.add(key);
    const value = secretProperties.has(key) ? '(not shown)' : shown ?? found.value;
    this.lines.push({ property: found.name, from: found.from, value, mapped, outcome });
  }
}
