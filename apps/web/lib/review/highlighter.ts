import { markEdits, tokenize, type HunkData, type HunkTokens } from 'react-diff-view';
import { refractor } from 'refractor/core';
import bash from 'refractor/bash';
import c from 'refractor/c';
import cpp from 'refractor/cpp';
import csharp from 'refractor/csharp';
import css from 'refractor/css';
import diff from 'refractor/diff';
import docker from 'refractor/docker';
import go from 'refractor/go';
import graphql from 'refractor/graphql';
import ini from 'refractor/ini';
import java from 'refractor/java';
import javascript from 'refractor/javascript';
import json from 'refractor/json';
import jsx from 'refractor/jsx';
import kotlin from 'refractor/kotlin';
import lua from 'refractor/lua';
import makefile from 'refractor/makefile';
import markdown from 'refractor/markdown';
import markup from 'refractor/markup';
import php from 'refractor/php';
import protobuf from 'refractor/protobuf';
import python from 'refractor/python';
import ruby from 'refractor/ruby';
import rust from 'refractor/rust';
import scss from 'refractor/scss';
import sql from 'refractor/sql';
import swift from 'refractor/swift';
import toml from 'refractor/toml';
import tsx from 'refractor/tsx';
import typescript from 'refractor/typescript';
import yaml from 'refractor/yaml';

// Syntax highlighting is refractor (Prism's grammars producing a tree, no HTML strings and no
// eval, so the dashboard's CSP holds), with the languages people's repositories mostly hold
// rather than all ~300 (about 70 KB instead of 600 KB, loaded with the diff view only).
// language.ts maps file names to exactly these.
for (const syntax of [
  markup,
  css,
  javascript,
  typescript,
  jsx,
  tsx,
  json,
  bash,
  c,
  cpp,
  csharp,
  diff,
  docker,
  go,
  graphql,
  ini,
  java,
  kotlin,
  lua,
  makefile,
  markdown,
  php,
  protobuf,
  python,
  ruby,
  rust,
  scss,
  sql,
  swift,
  toml,
  yaml,
])
  refractor.register(syntax);

export { refractor };

/**
 * react-diff-view 3 was written for refractor 2/3, whose `highlight` returned the tree's
 * children; refractor 4+ returns the root. This adapter gives it the children. (Its type names
 * refractor 3's `highlight`, which refractor 5 does not declare: it reads as `any`.)
 */
const refractorAdapter = {
  highlight: (text: string, language: string) => refractor.highlight(text, language).children,
};

/**
 * Syntax tokens for a file's hunks, with the changed words within edited lines marked; plain
 * (edits marked only) when the language is unknown. Never throws: a grammar that chokes on odd
 * input leaves the diff unhighlighted rather than unreadable.
 */
export function tokenizeHunks(hunks: HunkData[], language: string | null): HunkTokens | null {
  const enhancers = [markEdits(hunks, { type: 'block' })];
  try {
    return language && refractor.registered(language)
      ? tokenize(hunks, { highlight: true, refractor: refractorAdapter, language, enhancers })
      : tokenize(hunks, { enhancers });
  } catch {
    return null;
  }
}
