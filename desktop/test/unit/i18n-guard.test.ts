import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * A guard against wording that bypasses t(): JSX text, user-facing props given a literal, and
 * literals shown from JSX expressions or put into UI state. A heuristic on the syntax tree; what it
 * lets through on purpose is in ALLOWED.
 */
const RENDERER = path.resolve(import.meta.dirname, '../../src/renderer');
const USER_FACING_PROPS = new Set(['aria-label', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label']);
/** Calls whose string arguments are message keys or not shown to people. */
const KEY_CALLS = new Set(['t', 'rich', 'translate', 'Error', 'startsWith', 'includes', 'querySelector', 'matchMedia', 'getPropertyValue', 'invoke', 'getData', 'canPlayType']);
/** Text that is the same in every language: the product name, a code sample, an example address. */
const ALLOWED = new Set(['Biblio', 'npm run desktop:host', 'npm run admin -- create-user NAME', 'http://192.168.1.20:8080', '/home/me/Videos/lecture.mp4', 'Space / K']);
const WORDS = /\p{L}{2,}/u;

export interface Finding {
  file: string;
  line: number;
  text: string;
}

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'i18n' ? [] : tsxFiles(full);
    return entry.name.endsWith('.tsx') ? [full] : [];
  });
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return '';
}

/** Lower-case single words in UI state are ids ('settings', 'ok'); words people read look like prose. */
const PROSE = /^\p{Lu}|\s|[.…:!?]$/u;

/** Where a literal sits decides whether people read it. */
function isShown(node: ts.Node, text: string): boolean {
  for (let at: ts.Node = node; at.parent; at = at.parent) {
    const parent = at.parent;
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(at as ts.Expression)) {
      const name = calleeName(parent);
      if (KEY_CALLS.has(name)) return false;
      // A literal put into UI state (setMessage('Saved.')) is shown later.
      if (/^set[A-Z]/.test(name)) return PROSE.test(text);
    }
    if (ts.isJsxAttribute(parent)) return USER_FACING_PROPS.has(parent.name.getText());
    if (ts.isJsxExpression(parent) && parent.parent && (ts.isJsxElement(parent.parent) || ts.isJsxFragment(parent.parent))) return true;
    if (ts.isBinaryExpression(parent) && /=/.test(parent.operatorToken.getText()) && parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
    if (ts.isCaseClause(parent) || ts.isImportDeclaration(parent) || ts.isPropertyAssignment(parent) && parent.name === at) return false;
    if (ts.isVariableDeclaration(parent) || ts.isFunctionLike(parent) || ts.isClassLike(parent)) return false;
  }
  return false;
}

export function findHardCodedText(file: string, source: string): Finding[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const findings: Finding[] = [];
  const report = (node: ts.Node, text: string) => {
    const trimmed = text.replace(/\s+/g, ' ').trim();
    if (!WORDS.test(trimmed) || ALLOWED.has(trimmed)) return;
    findings.push({ file: path.relative(RENDERER, file), line: tree.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: trimmed });
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) report(node, node.text);
    else if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && isShown(node, node.text)) report(node, node.text);
    else if (ts.isTemplateExpression(node)) {
      const text = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
      if (isShown(node, text)) report(node, text);
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return findings;
}

describe('no hard-coded wording in the renderer', () => {
  it('finds none in components (everything goes through t())', () => {
    const findings = tsxFiles(RENDERER).flatMap((file) => findHardCodedText(file, readFileSync(file, 'utf8')));
    expect(findings).toEqual([]);
  });

  it('catches planted English in each place it looks', () => {
    const planted = `
      export function Planted({ ok }: { ok: boolean }) {
        const [note, setNote] = useState('');
        return (
          <div aria-label="Planted label" title={ok ? 'Fine' : 'Not fine'}>
            Hello there
            {ok ? 'Done' : null}
            <input placeholder="Type here" className="field-hint" data-testid="planted" />
            <button onClick={() => setNote('Saved it.')}>{t('row.pause')}</button>
            <img alt={\`Picture of \${note}\`} />
          </div>
        );
      }`;
    const texts = findHardCodedText(path.join(RENDERER, 'Planted.tsx'), planted).map((f) => f.text);
    expect(texts).toEqual(['Planted label', 'Fine', 'Not fine', 'Hello there', 'Done', 'Type here', 'Saved it.', 'Picture of']);
  });
});
