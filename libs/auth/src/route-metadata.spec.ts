import { SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RouteMetadata } from './route-metadata';

const LIMIT = 'limit';

class BaseController {
  @SetMetadata(LIMIT, 5)
  limited() {}

  unlimited() {}
}

@SetMetadata(LIMIT, 100)
class StrictController extends BaseController {}

class PlainController extends BaseController {}

describe('RouteMetadata', () => {
  const cases: [string, () => void, object][] = [
    ['the handler over its class', BaseController.prototype.limited, StrictController],
    ['the class when the handler has none', BaseController.prototype.unlimited, StrictController],
    ['nothing when neither has it', BaseController.prototype.unlimited, PlainController],
  ];

  it.each(cases)('answers as Reflector does, asked twice: %s', (_, handler, classRef) => {
    const memo = new RouteMetadata();
    const targets = [handler, classRef as () => void];
    const expected = new Reflector().getAllAndOverride<number | undefined>(LIMIT, targets);
    expect(memo.getAllAndOverride(LIMIT, targets)).toBe(expected);
    expect(memo.getAllAndOverride(LIMIT, targets)).toBe(expected);
  });

  it('keeps an inherited handler apart per class', () => {
    const memo = new RouteMetadata();
    const handler = BaseController.prototype.unlimited;
    expect(memo.getAllAndOverride(LIMIT, [handler, StrictController])).toBe(100);
    expect(memo.getAllAndOverride(LIMIT, [handler, PlainController])).toBeUndefined();
  });

  it('reads the metadata once per handler and class', () => {
    const memo = new RouteMetadata();
    const read = jest.spyOn(Reflector.prototype, 'getAllAndOverride');
    for (let i = 0; i < 3; i++) memo.getAllAndOverride(LIMIT, [BaseController.prototype.limited, StrictController]);
    expect(read).toHaveBeenCalledTimes(1);
    read.mockRestore();
  });
});
