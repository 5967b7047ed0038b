/**
 * Stream ids are `<hub epoch>:<stream offset>`: what a subscriber hands back as `lastEventId` to
 * resume exactly where it stopped. The epoch (random per hub) makes an id of an earlier hub (a
 * daemon restart, a hub reopened after idling) unknown, so that client gets a snapshot instead.
 */
export function streamId(epoch: string, seq: number): string {
  return `${epoch}:${seq}`;
}

/** The offset in `id` when it belongs to the hub with `epoch`; undefined otherwise. */
export function parseStreamId(id: string | null | undefined, epoch: string): number | undefined {
  if (!id) return undefined;
  const [idEpoch, idSeq] = id.split(':');
  if (idEpoch !== epoch || idSeq === undefined || !/^\d+$/.test(idSeq)) return undefined;
  const seq = Number(idSeq);
  return Number.isSafeInteger(seq) ? seq : undefined;
}
