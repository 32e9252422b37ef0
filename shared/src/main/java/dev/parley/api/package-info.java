/**
 * The wire contract of Parley's HTTP API as Java records, and {@link dev.parley.api.Json}, the one
 * place that says how they map to JSON. Server and CLI both use these types, so a field renamed here
 * is renamed on both sides of the wire. This package depends on Jackson and on nothing else of ours.
 */
package dev.parley.api;
