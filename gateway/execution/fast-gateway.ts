import type { ApolloGateway, GraphQLDataSource } from '@apollo/gateway';
import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewayLoadResult,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '@buurtgraaf/platform';
import { PlanEngine } from './engine';

/**
 * @apollo/gateway keeps what it does well (loading and hot-swapping the supergraph, the partner
 * connections, the query planner) and Buurtgraaf's PlanEngine runs the plans. Each API schema gets
 * its own engine, so a request validated against one supergraph is planned against that one,
 * also while a new supergraph is swapped in.
 */
export class FastGateway implements GatewayInterface {
  private readonly engines = new WeakMap<GraphQLSchema, PlanEngine>();
  private stock: GatewayExecutor | null = null;

  constructor(
    private readonly inner: ApolloGateway,
    /** The connections buildService made, by partner name; kept current by the caller. */
    private readonly services: ReadonlyMap<string, GraphQLDataSource>,
    private readonly logger: Logger,
  ) {}

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback) {
    return this.inner.onSchemaLoadOrUpdate(callback);
  }

  async load(options: Parameters<ApolloGateway['load']>[0]): Promise<GatewayLoadResult> {
    // Registered before load, so the first supergraph is seen as well as every later one.
    this.inner.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
      try {
        this.engines.set(
          apiSchema,
          new PlanEngine(
            coreSupergraphSdl,
            apiSchema,
            this.services,
            (request) => this.stockExecute(request),
            this.logger,
          ),
        );
      } catch (error) {
        this.logger.error(
          { err: error },
          'the fast executor could not read this supergraph; the stock executor serves it',
        );
      }
    });
    const { executor } = await this.inner.load(options);
    this.stock = executor;
    return { executor: (request) => this.engines.get(request.schema)?.execute(request) ?? this.stockExecute(request) };
  }

  private stockExecute(request: GatewayGraphQLRequestContext): Promise<GatewayExecutionResult> {
    if (!this.stock) throw new Error('@apollo/gateway loaded without an executor');
    return this.stock(request);
  }

  stop() {
    return this.inner.stop();
  }
}
