/**
 * Splits a migration script into single statements. Needed because PGlite's query() uses the
 * extended protocol, which accepts one statement per call. Handles -- comments, quoted strings
 * and $tag$ bodies, which is all our migrations use.
 */
export function splitSqlStatements(script: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  while (i < script.length) {
    const ch = script[i]!;
    const rest = script.slice(i);
    if (rest.startsWith('--')) {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end + 1;
      current += '\n';
      continue;
    }
    if (ch === "'" || ch === '"') {
      const end = findClosingQuote(script, i, ch);
      current += script.slice(i, end);
      i = end;
      continue;
    }
    const dollar = /^\$[A-Za-z_]*\$/.exec(rest);
    if (dollar) {
      const tag = dollar[0];
      const end = script.indexOf(tag, i + tag.length);
      const stop = end === -1 ? script.length : end + tag.length;
      current += script.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === ';') {
      pushStatement(statements, current);
      current = '';
      i += 1;
      continue;
    }
    current += ch;
    i += 1;
  }
  pushStatement(statements, current);
  return statements;
}

function findClosingQuote(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) {
        i += 2; // doubled quote is an escaped quote
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return text.length;
}

function pushStatement(statements: string[], text: string): void {
  const trimmed = text.trim();
  if (trimmed.length > 0) statements.push(trimmed);
}
