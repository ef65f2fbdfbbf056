// The report lines of one smtpd listener: every parameter it reads or that main.cf/-o sets, and what became of it.
import type { ReportLine } from '../migration-report.ts';
import { postfixDefaults, type Parameters } from './main-cf.ts';
import { describeSource } from './postconf-syntax.ts';
import { unmappedReason } from './unmapped-parameters.ts';

/** Records what became of each parameter, once; parameters never recorded are listed as not mapped by finish(). */
export class ParameterReport {
  private readonly lines: ReportLine[] = [];
  private readonly done = new Set<string>();

  constructor(readonly parameters: Parameters) {}

  /** Records that `name` (set, or its Postfix default) became `outcome`; `shown` replaces the expanded value. */
  mapped(name: string, outcome: string, shown?: string): void {
    this.record(name, true, outcome, shown);
  }

  notMapped(name: string, reason: string, shown?: string): void {
    this.record(name, false, reason, shown);
  }

  /** Lists every parameter set but not recorded as not mapped (with the catalog's reason); lines sorted by name. */
  finish(): ReportLine[] {
    for (const parameter of this.parameters.all()) {
      if (!this.done.has(parameter.name)) this.notMapped(parameter.name, unmappedReason(parameter.name), parameter.value);
    }
    return [...this.lines].sort((a, b) => (a.property < b.property ? -1 : a.property > b.property ? 1 : 0));
  }

  private record(name: string, mapped: boolean, outcome: string, shown?: string): void {
    if (this.done.has(name)) return;
    this.done.add(name);
    const set = this.parameters.set(name);
    if (!set && !(name in postfixDefaults)) return;
    const from = set ? `${describeSource(set.at)}${set.at.file.endsWith('master.cf') ? ' (-o)' : ''}` : describeSource(undefined);
    // main.cf never holds a secret itself (passwords live in smtp_sasl_password_maps, whose values are never shown).
    const value = shown ?? (set ? set.value : postfixDefaults[name] ?? '');
    this.lines.push({ property: name, from, value, mapped, outcome });
  }
}
