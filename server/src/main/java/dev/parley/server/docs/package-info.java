/**
 * The interactive API documentation: {@code GET /} redirects to {@code /docs}, a Swagger UI served
 * from the server's own jar (the swagger-ui webjar, no CDN) that renders the OpenAPI document served
 * at {@code /openapi}. Only {@link dev.parley.server.docs.DocsRoutes} is visible outside.
 */
package dev.parley.server.docs;
