import { describe, expect, it } from 'vitest';
import { tokenizeHunks, refractor } from './highlighter';
import { parsePatch } from './hunks';
import { HIGHLIGHTED_LANGUAGES, languageOf } from './language';

const TS_PATCH = `diff --git a/app.ts b/app.ts
index 1111111..2222222 100644
--- a/app.ts
+++ b/app.ts
@@ -1,2 +1,2 @@
-export const answer = 42;
+export const answer = 43;
 const name = 'rdv';
`;

/** The class names (and 'edit' for a changed word) of every token node under a line. */
function classes(
  nodes: ReadonlyArray<{
    type: string;
    properties?: { className?: string[] };
    children?: unknown[];
  }>,
): string[] {
  return nodes.flatMap((node) => [
    ...(node.type === 'edit' ? ['edit'] : []),
    ...(node.properties?.className ?? []),
    ...classes((node.children ?? []) as typeof nodes),
  ]);
}

describe('the highlighter', () => {
  it('registers every language that a file name can map to', () => {
    for (const language of HIGHLIGHTED_LANGUAGES)
      expect(refractor.registered(language), language).toBe(true);
  });

  it('maps file names to languages', () => {
    expect(languageOf('src/app.tsx')).toBe('tsx');
    expect(languageOf('Dockerfile')).toBe('docker');
    expect(languageOf('deploy/Dockerfile.dev')).toBe('docker');
    expect(languageOf('Makefile')).toBe('makefile');
    expect(languageOf('logo.png')).toBeNull();
    expect(languageOf('.gitignore')).toBeNull();
  });

  it('tokenizes hunks with Prism token classes and marks the edited words', () => {
    const { hunks } = parsePatch(TS_PATCH, 'unified')!;
    const tokens = tokenizeHunks(hunks, 'typescript')!;
    const newLine = classes(tokens.new[0] as never);
    expect(newLine).toContain('keyword');
    expect(newLine).toContain('number');
    expect(newLine).toContain('edit');
    const plain = tokenizeHunks(hunks, null)!;
    expect(classes(plain.new[0] as never)).not.toContain('keyword');
  });
});
