/**
 * The HTTP client of Parley's API: {@link dev.parley.cli.client.ParleyClient} sends the requests,
 * renews expired tokens through a {@link dev.parley.cli.client.TokenStore}, and turns every failure
 * into an {@link dev.parley.cli.client.ApiFailure}. Commands call it and never see a URL, a status
 * code or a JSON body. Depends on the shared API records and nothing else of ours.
 */
package dev.parley.cli.client;
