import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

type Target = Parameters<Reflector['getAllAndOverride']>[1][number];

/**
 * Nest's Reflector with `getAllAndOverride` remembered per (handler, class). Route metadata
 * is fixed once the decorators have run, and the guards ask for it on every request (the
 * throttler six times), each a walk through reflect-metadata's maps.
 */
@Injectable()
export class RouteMetadata extends Reflector {
  private readonly remembered = new Map<unknown, WeakMap<Target, WeakMap<Target, { value: unknown }>>>();

  override getAllAndOverride<TResult>(metadataKey: unknown, targets: Target[]): TResult {
    if (targets.length !== 2) return super.getAllAndOverride<TResult>(metadataKey, targets);
    const [handler, classRef] = targets;
    let byHandler = this.remembered.get(metadataKey);
    if (!byHandler) this.remembered.set(metadataKey, (byHandler = new WeakMap()));
    let byClass = byHandler.get(handler);
    if (!byClass) byHandler.set(handler, (byClass = new WeakMap()));
    let entry = byClass.get(classRef);
    if (!entry) byClass.set(classRef, (entry = { value: super.getAllAndOverride(metadataKey, targets) }));
    return entry.value as TResult;
  }
}
