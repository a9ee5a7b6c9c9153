/**
 * The seed engine's HTTP API at the root of the server, so that the seed's web app and bots work
 * unchanged: its routes, shapes and enum cases (docs/seed-compatibility.md). Every handler is a thin
 * translation at the edge: it parses the seed's wire format, builds the same engine commands and
 * reads the same backend as HyperPerp's own routes under {@code /v1}, and writes the seed's shapes.
 * Neither API knows the other's wire format.
 */
package io.hyperperp.server.seed;
