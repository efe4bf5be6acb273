/*
 * External scanner for the CycleCloud template grammar.
 *
 * It does what a regular expression cannot:
 *   - nesting by rank: a stack of the ranks (bracket counts) of the open sections. Before a
 *     header line of rank r it issues zero-width `_section_end` tokens until the innermost open
 *     section has a rank below r, then one zero-width `_section_start`. At end of input it
 *     closes every open section. This mirrors how CycleCloud assigns a section to its parent.
 *   - `_eof`: a zero-width line end at end of input, so the last line needs no newline.
 *   - triple-quoted strings ('''...''' and """...""") spanning lines. An unterminated one ends
 *     at the end of its first line so it cannot swallow the rest of the file.
 */

#include "tree_sitter/alloc.h"
#include "tree_sitter/array.h"
#include "tree_sitter/parser.h"

enum TokenType {
  SECTION_START,
  SECTION_END,
  LINE_EOF,
  TRIPLE_STRING,
  ERROR_SENTINEL,
};

/* Deeper nesting than this is flattened (a new section closes the innermost one), which keeps
 * the serialized state far below TREE_SITTER_SERIALIZATION_BUFFER_SIZE. */
#define MAX_DEPTH 200
#define MAX_RANK 255

typedef struct {
  Array(uint8_t) ranks;
} Scanner;

static inline bool is_blank(int32_t c) {
  return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == 0xA0 || c == 0xFEFF;
}

static inline bool is_line_break(int32_t c) { return c == '\n' || c == '\r'; }

static bool scan_triple_string(TSLexer *lexer) {
  int32_t quote = lexer->lookahead;
  for (int i = 0; i < 3; i++) {
    if (lexer->lookahead != quote) return false;
    lexer->advance(lexer, false);
  }
  /* Remember the end of the first line in case the string is never closed. */
  bool first_line = true;
  unsigned run = 0;
  for (;;) {
    if (lexer->eof(lexer)) {
      /* Unterminated: the token ends where the first line ends (marked below). */
      lexer->result_symbol = TRIPLE_STRING;
      return true;
    }
    int32_t c = lexer->lookahead;
    if (first_line && is_line_break(c)) {
      lexer->mark_end(lexer);
      first_line = false;
    }
    lexer->advance(lexer, false);
    if (c == quote) {
      run++;
      if (run >= 3) {
        /* Take any further quotes of the same kind as content: ''''x'''' ends at the last. */
        while (lexer->lookahead == quote) lexer->advance(lexer, false);
        lexer->mark_end(lexer);
        lexer->result_symbol = TRIPLE_STRING;
        return true;
      }
    } else {
      run = 0;
    }
  }
}

void *tree_sitter_cyclecloud_external_scanner_create(void) {
  Scanner *scanner = ts_calloc(1, sizeof(Scanner));
  array_init(&scanner->ranks);
  return scanner;
}

void tree_sitter_cyclecloud_external_scanner_destroy(void *payload) {
  Scanner *scanner = (Scanner *)payload;
  array_delete(&scanner->ranks);
  ts_free(scanner);
}

unsigned tree_sitter_cyclecloud_external_scanner_serialize(void *payload, char *buffer) {
  Scanner *scanner = (Scanner *)payload;
  unsigned size = scanner->ranks.size;
  if (size > TREE_SITTER_SERIALIZATION_BUFFER_SIZE) size = TREE_SITTER_SERIALIZATION_BUFFER_SIZE;
  for (unsigned i = 0; i < size; i++) buffer[i] = (char)scanner->ranks.contents[i];
  return size;
}

void tree_sitter_cyclecloud_external_scanner_deserialize(void *payload, const char *buffer,
                                                         unsigned length) {
  Scanner *scanner = (Scanner *)payload;
  array_clear(&scanner->ranks);
  for (unsigned i = 0; i < length; i++) array_push(&scanner->ranks, (uint8_t)buffer[i]);
}

bool tree_sitter_cyclecloud_external_scanner_scan(void *payload, TSLexer *lexer,
                                                  const bool *valid_symbols) {
  Scanner *scanner = (Scanner *)payload;

  /* During error recovery every symbol is valid; let the built-in lexer do the work. */
  if (valid_symbols[ERROR_SENTINEL]) return false;

  while (is_blank(lexer->lookahead)) lexer->advance(lexer, true);

  if (valid_symbols[TRIPLE_STRING] && (lexer->lookahead == '\'' || lexer->lookahead == '"')) {
    return scan_triple_string(lexer);
  }

  bool structural = valid_symbols[SECTION_START] || valid_symbols[SECTION_END];

  if (lexer->eof(lexer)) {
    if (valid_symbols[SECTION_END] && scanner->ranks.size > 0) {
      (void)array_pop(&scanner->ranks);
      lexer->result_symbol = SECTION_END;
      return true;
    }
    if (valid_symbols[LINE_EOF]) {
      lexer->result_symbol = LINE_EOF;
      return true;
    }
    return false;
  }

  if (structural && lexer->lookahead == '[') {
    /* Zero-width: the header's brackets are only looked at, not consumed. */
    lexer->mark_end(lexer);
    unsigned rank = 0;
    while (lexer->lookahead == '[') {
      if (rank < MAX_RANK) rank++;
      lexer->advance(lexer, false);
    }
    if (valid_symbols[SECTION_END] && scanner->ranks.size > 0 &&
        (*array_back(&scanner->ranks) >= rank || scanner->ranks.size >= MAX_DEPTH)) {
      (void)array_pop(&scanner->ranks);
      lexer->result_symbol = SECTION_END;
      return true;
    }
    if (valid_symbols[SECTION_START] && scanner->ranks.size < MAX_DEPTH) {
      array_push(&scanner->ranks, (uint8_t)rank);
      lexer->result_symbol = SECTION_START;
      return true;
    }
  }
  return false;
}
