import { describe, expect, it } from 'vitest';
import { splitSqlStatements } from '../../src/adapters/db/sql-script.js';

describe('splitSqlStatements', () => {
  it('splits on semicolons and drops comments', () => {
    expect(splitSqlStatements('-- a; comment\nCREATE TABLE a (x int);\n\nCREATE INDEX i ON a(x);')).toEqual([
      'CREATE TABLE a (x int)',
      'CREATE INDEX i ON a(x)',
    ]);
  });

  it('keeps semicolons inside strings and dollar-quoted bodies', () => {
    const script = "INSERT INTO t VALUES ('a;b', 'it''s; fine');\nDO $$ BEGIN PERFORM 1; END $$;";
    expect(splitSqlStatements(script)).toEqual([
      "INSERT INTO t VALUES ('a;b', 'it''s; fine')",
      'DO $$ BEGIN PERFORM 1; END $$',
    ]);
  });

  it('returns nothing for an empty script', () => {
    expect(splitSqlStatements('  -- only a comment\n')).toEqual([]);
  });
});
