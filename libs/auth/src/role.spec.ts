import { mayCall, Role, ROLES, rolesPassing } from './role';

/** Which roles may call a handler, given its @Roles and HTTP method. */
const allowed = (required: Role[] | undefined, method: string) =>
  ROLES.filter((role) => mayCall(role, required, method));

describe('mayCall', () => {
  it.each<[Role[] | undefined, string, Role[]]>([
    [['reporter'], 'POST', ['reporter', 'editor', 'admin']],
    [['editor'], 'POST', ['editor', 'admin']],
    [['auditor'], 'GET', ['auditor', 'admin']],
    [['admin'], 'GET', ['admin']],
    [['admin'], 'DELETE', ['admin']],
    [['reporter', 'auditor'], 'GET', ['reporter', 'editor', 'auditor', 'admin']],
    [undefined, 'GET', ['reporter', 'editor', 'auditor', 'admin']],
    [undefined, 'HEAD', ['reporter', 'editor', 'auditor', 'admin']],
    [[], 'get', ['reporter', 'editor', 'auditor', 'admin']],
    [undefined, 'POST', ['admin']],
    [undefined, 'PUT', ['admin']],
    [undefined, 'PATCH', ['admin']],
    [undefined, 'DELETE', ['admin']],
  ])('@Roles(%j) on %s lets %j through', (required, method, expected) => {
    expect(allowed(required, method)).toEqual(expected);
  });

  it('never lets an auditor write, whatever the handler declares short of auditor itself', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const required of [undefined, ['reporter'], ['editor'], ['admin']] as (Role[] | undefined)[]) {
        expect(mayCall('auditor', required, method)).toBe(false);
      }
    }
  });
});

describe('rolesPassing', () => {
  it.each<[Role[], Role[]]>([
    [['reporter'], ['reporter', 'editor', 'admin']],
    [['editor'], ['editor', 'admin']],
    [['auditor'], ['auditor', 'admin']],
    [['admin'], ['admin']],
    [
      ['auditor', 'reporter'],
      ['reporter', 'editor', 'auditor', 'admin'],
    ],
  ])('@Roles(%j) lists %j, as mayCall decides', (required, expected) => {
    expect(rolesPassing(required)).toEqual(expected);
    expect(rolesPassing(required)).toEqual(allowed(required, 'POST'));
  });
});
