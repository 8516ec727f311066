/**
 * The machinery behind the request filter: the filter itself and its per-method checks, response building, the
 * built-in key resolvers and proxy chains, resource routes and store keys. Not part of the API: it may change in
 * any release without notice.
 */
@NullMarked
package dev.sluice.jaxrs.internal;

import org.jspecify.annotations.NullMarked;
