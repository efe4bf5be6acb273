// The document filters that let parameter files, and only them, reach the server
// (src/paramsSelector.ts).

import assert from "node:assert/strict";
import { test } from "node:test";

import { paramsDocumentFilters } from "../../src/paramsSelector";

test("no setting, or a setting of the wrong type, lets no JSON document through", () => {
  assert.deepEqual(paramsDocumentFilters(undefined), []);
  assert.deepEqual(paramsDocumentFilters([]), []);
  assert.deepEqual(paramsDocumentFilters("params/*.json"), []);
  assert.deepEqual(paramsDocumentFilters([3, "", "  ", null]), []);
});

test("each glob gives a json and a jsonc filter, matched at any depth, duplicates once", () => {
  assert.deepEqual(paramsDocumentFilters([" params/*.json", "./params/*.json", "**/*.params.json"]), [
    { scheme: "file", language: "json", pattern: "**/params/*.json" },
    { scheme: "file", language: "jsonc", pattern: "**/params/*.json" },
    { scheme: "file", language: "json", pattern: "**/*.params.json" },
    { scheme: "file", language: "jsonc", pattern: "**/*.params.json" },
  ]);
});
