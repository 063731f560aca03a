/**
 * The subset of JSON Schema that RxDB collections and the server's validator both understand.
 * One schema per collection serves the device (RxDB) and the server (push validation): one source.
 */
export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null' | readonly ('string' | 'null' | 'object' | 'number' | 'integer')[];
  properties?: Readonly<Record<string, JsonSchema>>;
  required?: readonly string[];
  items?: JsonSchema;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  pattern?: string;
  enum?: readonly (string | number | null)[];
  additionalProperties?: boolean;
  maxItems?: number;
  format?: string;
}

export interface CollectionSchema extends JsonSchema {
  readonly title: string;
  readonly version: number;
  readonly primaryKey: string;
  readonly type: 'object';
  readonly properties: Readonly<Record<string, JsonSchema>>;
  readonly required: readonly string[];
  readonly indexes?: readonly (string | readonly string[])[];
}
