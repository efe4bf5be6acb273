// The TextMate grammar over whole templates: after the last line the tokenizer must be back at
// the top level (no runaway `'''`, quote, `${` or header), for the repository's templates and,
// when it is beside the repository, every template of the real corpus.

import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import * as oniguruma from "vscode-oniguruma";
import { INITIAL, Registry, type IGrammar, type StateStack } from "vscode-textmate";

const extensionRoot = join(__dirname, "..", "..");
const repoRoot = join(extensionRoot, "..", "..");
const corpus = join(repoRoot, "..", "shared", "corpus");

async function loadGrammar(): Promise<IGrammar> {
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async () =>
      JSON.parse(readFileSync(join(extensionRoot, "syntaxes", "cyclecloud.tmLanguage.json"), "utf8")),
  });
  const grammar = await registry.loadGrammar("source.cyclecloud");
  assert.ok(grammar, "the grammar loads");
  return grammar;
}

/** Tokenizes `text` line by line and returns the scopes still open after the last line. */
function openScopesAtEnd(grammar: IGrammar, text: string): string[] {
  let state: StateStack = INITIAL;
  let lastScopes: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    lastScopes = result.tokens.at(-1)?.scopes ?? [];
  }
  // One more empty line: any scope still open there was never closed.
  const probe = grammar.tokenizeLine("", state);
  return probe.tokens.at(-1)?.scopes.filter((scope) => scope !== "source.cyclecloud") ?? lastScopes;
}

function templatesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      found.push(...templatesUnder(path));
    } else if (name.endsWith(".txt")) {
      found.push(path);
    }
  }
  return found.sort();
}

test("a triple-quoted value left open really stays open (the check below can fail)", async () => {
  const grammar = await loadGrammar();
  assert.deepEqual(openScopesAtEnd(grammar, "[cluster x]\nCloudInit = '''#!/bin/bash\necho\n'''\n"), []);
  assert.notDeepEqual(openScopesAtEnd(grammar, "[cluster x]\nCloudInit = '''#!/bin/bash\necho\n"), []);
});

test("the repository's templates end at the top level", async () => {
  const grammar = await loadGrammar();
  // `deliberate-errors.txt` leaves a triple-quoted value open on purpose (it tests recovery).
  const files = [
    ...templatesUnder(join(repoRoot, "tests", "fixtures")),
    ...templatesUnder(join(repoRoot, "examples")),
  ].filter((file) => !file.endsWith("deliberate-errors.txt"));
  assert.ok(files.length >= 4, `fixtures found: ${files.length}`);
  for (const file of files) {
    assert.deepEqual(openScopesAtEnd(grammar, readFileSync(file, "utf8")), [], file);
  }
});

test("every corpus template ends at the top level", async (t) => {
  if (!existsSync(corpus)) {
    t.skip(`no corpus at ${corpus}`);
    return;
  }
  const grammar = await loadGrammar();
  const files = templatesUnder(corpus);
  const unclosed = files.filter((file) => openScopesAtEnd(grammar, readFileSync(file, "utf8")).length > 0);
  assert.ok(files.length > 150, `corpus templates found: ${files.length}`);
  assert.deepEqual(unclosed, []);
});
