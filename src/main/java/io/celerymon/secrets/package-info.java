/**
 * The masking rules, in one place at the bottom of the tree: which keys hide their values, and
 * how passwords are hidden in text and URLs. Everything that shows text that may hold a secret
 * (views, error lines, probe output, broker URLs) applies these rules rather than its own.
 */
package io.celerymon.secrets;
