/**
 * Which Parley this is: {@link dev.parley.version.ParleyVersion} says the version and the git commit
 * it was built from (stamped into a resource by the build) and the Java runtime it runs on, in the one
 * line that {@code parley --version} prints and the server logs at start.
 */
package dev.parley.version;
