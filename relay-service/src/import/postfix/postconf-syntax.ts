// Postfix configuration file syntax (main.cf, master.cf, lookup tables): logical lines, comments, the typed error.

/** Input the Postfix import cannot read; the message names the file and line (`main.cf:12: ...`). */
export class PostfixConfigError extends Error {}

/** Where a value was found: `main.cf:12`, `master.cf:20 (-o)`, or `Postfix default`. */
export interface SourceLine {
  file: string;
  line: number;
}

export function describeSource(at: SourceLine | undefined): string {
  return at ? `${at.file}:${at.line}` : 'Postfix default';
}

/** An error at `at` (a file and line). */
export function errorAt(at: SourceLine, message: string): PostfixConfigError {
  return new PostfixConfigError(`${at.file}:${at.line}: ${message}`);
}

/** One logical line: the text with its continuation lines joined by a space, and the line it starts on. */
export interface LogicalLine {
  text: string;
  at: SourceLine;
}

/**
 * Splits `content` (the text of `file`) into logical lines as postconf(5) reads them: blank lines and lines whose first
 * non-space character is `#` are skipped; a line starting with whitespace continues the previous logical line (an error
 * when there is none). Trailing whitespace is removed; a `#` later in a line is part of the value.
 */
export function logicalLines(content: string, file: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  content.split(/\r?\n/).forEach((raw, index) => {
    const at = { file, line: index + 1 };
    if (/^\s*(#|$)/.test(raw)) return;
    if (/^\s/.test(raw)) {
      const last = out[out.length - 1];
      if (!last) throw errorAt(at, 'a line starting with whitespace continues the previous line, but there is none');
      last.text = `${last.text} ${raw.trim()}`;
      return;
    }
    out.push({ text: raw.trimEnd(), at });
  });
  return out;
}

/** The items of a list parameter: separated by commas and/or whitespace, as Postfix splits them. */
export function listItems(value: string): string[] {
  return value.split(/[\s,]+/).filter((item) => item !== '');
}
