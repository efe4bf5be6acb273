// Content detection of templates among `.txt` files (src/detection.ts).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { DETECTION_PREFIX_CHARS, isCandidatePath, looksLikeTemplate } from "../../src/detection";

const repoRoot = join(__dirname, "..", "..", "..", "..");

test("the repository's fixture and example templates are detected", () => {
  for (const file of [
    "tests/fixtures/missing-image-os.txt",
    "tests/fixtures/completion-and-hover.txt",
    "examples/templates/slurm-demo.txt",
  ]) {
    assert.equal(looksLikeTemplate(readFileSync(join(repoRoot, file), "utf8")), true, file);
  }
});

test("every top-level kind opens a template, in any case, with comments and blanks before it", () => {
  assert.equal(looksLikeTemplate("[cluster Slurm]\n"), true);
  assert.equal(looksLikeTemplate("[parameters]\n"), true);
  assert.equal(looksLikeTemplate("[parameters Required Settings]"), true);
  assert.equal(looksLikeTemplate("[environment vnet]"), true);
  assert.equal(looksLikeTemplate("[noderef scheduler]"), true);
  assert.equal(looksLikeTemplate("[Cluster STAR-CCM+]"), true);
  assert.equal(looksLikeTemplate("\uFEFF\n\n# Copyright (c) Microsoft\n  # more\n\r\n  [ cluster x ]  # the cluster\n"), true);
});

test("ordinary text files and other headers are not templates", () => {
  assert.equal(looksLikeTemplate(""), false);
  assert.equal(looksLikeTemplate("# only a comment\n\n"), false);
  assert.equal(looksLikeTemplate("Shopping list\n[cluster X]\n"), false, "the header must come first");
  assert.equal(looksLikeTemplate("[[node defaults]]\n"), false, "rank 2 cannot open a template");
  assert.equal(looksLikeTemplate("[clusterX]\n"), false);
  assert.equal(looksLikeTemplate("[section]\nkey = value\n"), false, "an INI file");
  assert.equal(looksLikeTemplate("[Unit]\nDescription=x\n"), false, "a systemd unit");
  assert.equal(looksLikeTemplate("// [cluster X]\n"), false);
});

test("only the first part of a huge file is read", () => {
  const huge = "\n".repeat(DETECTION_PREFIX_CHARS) + "[cluster Late]\n";
  assert.equal(looksLikeTemplate(huge), false);
});

test("only .txt paths are candidates", () => {
  assert.equal(isCandidatePath("/w/templates/slurm.txt"), true);
  assert.equal(isCandidatePath("/w/notes/README.TXT"), true);
  assert.equal(isCandidatePath("/w/templates/slurm.txt.bak"), false);
  assert.equal(isCandidatePath("Untitled-1"), false);
});
