import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '@claimtrail/auth';
import { Endpoint } from '../http/endpoint.decorator';
import { RelayReplayDto, RelayReplayResultDto } from './relay-admin.dto';
import { RelayReplay, RelayReplayCounts } from './relay-replay';

/** Recovery from a lost queue, as `npm run relay:replay` does it (see the README runbook). */
@ApiTags('admin')
@Controller('admin/relay')
@Roles('admin')
export class RelayAdminController {
  constructor(private readonly relay: RelayReplay) {}

  @Post('replay')
  @HttpCode(200)
  @Endpoint({
    summary:
      'Re-add the jobs of every corroboration round requested, and every webhook delivery relayed, from a position ' +
      'or moment on and still unfinished',
    description:
      'For a Redis that lost its queue (restarted without persistence). Idempotent: job ids derive from the event ' +
      'ids, and a round that finished meanwhile is skipped by its jobs; webhook deliveries keep their endpoint + ' +
      'position job ids.',
    ok: { type: RelayReplayResultDto },
    problems: [400],
  })
  replay(@Body() { from }: RelayReplayDto): Promise<RelayReplayCounts> {
    return this.relay.replay(from);
  }
}
