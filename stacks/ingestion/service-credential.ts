/**
 * The service credential concern: one Unity Catalog service credential (purpose SERVICE) whose IAM role reads exactly
 * the configured Kinesis streams and the MSK topic, and nothing else. Pipelines and the Kafka task name it
 * (`serviceCredential` / `databricks.serviceCredential`); only the principal they run as may use it.
 */
import { kinesisReadStatements, type KinesisDataStream } from "../../modules/aws/kinesis-data-stream";
import type { MskKafkaCluster } from "../../modules/aws/msk-kafka-cluster";
import { UnityCatalogServiceCredential } from "../../modules/databricks/pipelines/unity-catalog-service-credential";
import type { IngestionContext } from "./context";

/** The credential, when there is a stream or a Kafka cluster to read. */
export function createServiceCredential(
  ctx: IngestionContext,
  streams: Readonly<Record<string, KinesisDataStream>>,
  kafka: MskKafkaCluster | undefined,
): UnityCatalogServiceCredential | undefined {
  const streamList = Object.values(streams);
  if (streamList.length === 0 && !kafka) return undefined;
  const { stack, storage, ingestion } = ctx;
  const statements = [
    ...(streamList.length > 0
      ? kinesisReadStatements(
          streamList.map((s) => s.streamArn),
          [storage.dataKeyArn],
        )
      : []),
    ...(kafka && ingestion.msk ? kafka.clientStatements({ topics: [ingestion.msk.topic] }) : []),
  ];
  const credential = new UnityCatalogServiceCredential(stack, "StreamsCredential", {
    provider: ctx.workspaceProvider,
    credentialName: stack.naming.unityCatalog("streams"),
    roleName: stack.naming.iam("uc-streams"),
    awsAccountId: stack.config.aws.accountId,
    statements,
    comment: "Reads the ingestion layer's Kinesis streams and Kafka topic",
    workspaceIds: [ctx.workspaceId],
    owner: ctx.principals.resolve(stack.config.unityCatalog.grants.owner).name,
    protect: stack.config.dataProtection,
  });
  credential.grantAccess(ctx.principals.servicePrincipal(ingestion.runAs));
  return credential;
}
