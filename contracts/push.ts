// What a push workflow takes and returns; shared by the workflow, its activity and the client. Types only.

export interface PushInput {
  configId: string;
  model: string;
  record: Record<string, unknown>;
  /** Set for writes proposed by an agent: nothing reaches the target until a person approves (decidePush). */
  approval?: { requestedBy: string; timeoutSeconds?: number };
}

export interface PushResult {
  configId: string;
  connector: string;
  model: string;
  sourceId: string;
  externalId: string;
  action: 'created' | 'updated';
}

/** What the push activity returns; the workflow adds the config and model it was asked for. */
export interface PushRecordResult {
  connector: string;
  userId: string;
  sourceId: string;
  externalId: string;
  action: 'created' | 'updated';
}
