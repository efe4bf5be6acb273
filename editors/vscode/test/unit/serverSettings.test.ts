// Mapping VS Code settings to the server's `cyclecloud` settings (src/serverSettings.ts).

import assert from "node:assert/strict";
import { test } from "node:test";

import { toServerSettings } from "../../src/serverSettings";

function lookup(values: Record<string, unknown>) {
  return (key: string) => values[key];
}

test("the server's keys are passed on; editor-only keys are not", () => {
  const settings = toServerSettings(
    lookup({
      cyclecloudVersion: " 8.7.0 ",
      rules: { cc0201: "off", CC0202: "Error" },
      ruleDocsUrl: "https://example.invalid/{code}",
      "server.path": "/opt/cyclecloud-lsp",
      "trace.server": "verbose",
    }),
  );
  assert.deepEqual(settings, {
    cyclecloudVersion: "8.7.0",
    rules: { CC0201: "off", CC0202: "error" },
    ruleDocsUrl: "https://example.invalid/{code}",
  });
});

test("defaults and malformed values leave the project's config file in charge", () => {
  assert.deepEqual(toServerSettings(lookup({ cyclecloudVersion: "", rules: {}, ruleDocsUrl: "" })), { rules: {} });
  assert.deepEqual(toServerSettings(lookup({ cyclecloudVersion: 8, rules: [] })), {});
  assert.deepEqual(toServerSettings(lookup({ rules: { CC0201: "loud", CC0202: 3, CC0203: "hint" } })), {
    rules: { CC0203: "hint" },
  });
});

test("inlay hint switches and the formatter's indentation are passed on when well-formed", () => {
  assert.deepEqual(
    toServerSettings(
      lookup({
        "inlayHints.enable": true,
        "inlayHints.inheritedAttributes": false,
        "inlayHints.parameterDefaults": "no",
        "inlayHints.evaluatedValues": false,
        "format.indent": 2,
      }),
    ),
    { inlayHints: { enable: true, inheritedAttributes: false, evaluatedValues: false }, format: { indent: 2 } },
  );
  assert.deepEqual(toServerSettings(lookup({ "format.indent": " Keep " })), { format: { indent: "keep" } });
  assert.deepEqual(toServerSettings(lookup({ "format.indent": "wide" })), {});
  assert.deepEqual(toServerSettings(lookup({ "format.indent": 2.5 })), {});
  assert.deepEqual(toServerSettings(lookup({ "format.indent": null })), {});
});

test("a VM size file is passed on with its mode; an empty one leaves the config file in charge", () => {
  assert.deepEqual(toServerSettings(lookup({ "vmSizes.file": " skus.json ", "vmSizes.mode": "replace" })), {
    vmSizes: { file: "skus.json", mode: "replace" },
  });
  assert.deepEqual(toServerSettings(lookup({ "vmSizes.file": "skus.json", "vmSizes.mode": "merge" })), {
    vmSizes: { file: "skus.json" },
  });
  assert.deepEqual(toServerSettings(lookup({ "vmSizes.file": "", "vmSizes.mode": "extend" })), {});
});
