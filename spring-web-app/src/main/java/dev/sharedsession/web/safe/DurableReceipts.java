package dev.sharedsession.web.safe;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerConfigurationSupport;
import com.github.kagkarlsson.scheduler.jdbc.AutodetectJdbcCustomization;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerProperties;
import com.github.kagkarlsson.scheduler.PollingStrategyConfig;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.sharedsession.database.Engine;
import dev.sharedsession.database.IsolatedDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The receipt in the durable mode ({@code shop.receipts=durable}, the profile {@code durable}): a job
 * of db-scheduler's, a row in its table {@code scheduled_tasks}, written by the request's own
 * transaction, so that the order and its job commit together or not at all. Any JVM running the
 * safe shop in this mode (the web application, a worker started with the profile {@code worker})
 * claims due jobs from that table; each run is a transaction of its own on the claiming thread
 * ({@link ReceiptWriter}), given the order's id that the job carries, never an entity. A JVM that
 * dies holding a job stops its heartbeat; another one finds the job dead and runs it again, and
 * the receipt's unique {@code order_id} keeps that second run from writing a second receipt.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "shop.receipts", havingValue = "durable")
public class DurableReceipts {

    /** The job's name in {@code scheduled_tasks.task_name}; the instance is the order's id. */
    public static final String RECEIPT_JOB = "receipt";

    /**
     * A JVM that schedules jobs and claims none ({@code db-scheduler.enabled=false} in the durable
     * mode: the web tier of a deployment whose workers do all the jobs). db-scheduler's starter then
     * builds no scheduler; this client writes the job rows, through the same transaction-aware
     * DataSource, so they still commit with the order.
     */
    @Bean
    @ConditionalOnProperty(name = "db-scheduler.enabled", havingValue = "false")
    SchedulerClient schedulingOnly(DataSource dataSource, List<Task<?>> tasks) {
        DataSource transactional = new TransactionAwareDataSourceProxy(dataSource);
        // As the workers write them: the same serializer, times in UTC (db-scheduler.always-persist-timestamp-in-utc).
        return SchedulerClient.Builder.create(transactional, tasks)
                .serializer(DbSchedulerConfigurationSupport.SPRING_JAVA_SERIALIZER)
                .jdbcCustomization(new AutodetectJdbcCustomization(transactional, true)).build();
    }

    /** The receipt's job, scheduled by the request's transaction just before it commits. */
    @Bean
    ScheduleReceipt scheduleReceipt(SchedulerClient scheduler, OneTimeTask<Long> receiptJob) {
        return new ScheduleReceipt(scheduler, receiptJob);
    }

    /**
     * What a claimed job does: writes the receipt. A failure is tried again after a back-off that
     * doubles; the last one is written down where {@code GET /orders/{id}} shows it, then the job ends.
     */
    @Bean
    OneTimeTask<Long> receiptJob(ReceiptWriter receipts, BackgroundWork work,
                                 @Value("${shop.durable.attempts:4}") int attempts,
                                 @Value("${shop.durable.first-back-off:500ms}") Duration firstBackOff) {
        FailureHandler<Long> backOff = new FailureHandler.ExponentialBackoffFailureHandler<>(firstBackOff, 2.0);
        return Tasks.oneTime(RECEIPT_JOB, Long.class)
                .onFailure((ExecutionComplete complete, ExecutionOperations<Long> operations) -> {
                    int failures = complete.getExecution().consecutiveFailures + 1;
                    if (failures < attempts) {
                        backOff.onFailure(complete, operations);
                        return;
                    }
                    // Written down before the job is removed: a crash between the two runs the
                    // job once more, never loses the failure.
                    long orderId = (Long) complete.getExecution().taskInstance.getData();
                    work.record(orderId, "receipt", complete.getCause()
                            .orElseGet(() -> new IllegalStateException("failed " + failures + " times")));
                    operations.stop();
                })
                .execute((instance, context) -> receipts.issue(instance.getData()));
    }

    /**
     * The job table, created by the application's own schema set-up: Hibernate runs the engine's
     * script after it creates the tables of the entities ({@code ddl-auto=create}). A JVM that joins a
     * database already set up (a worker, a restart) runs with {@code ddl-auto=none} and creates nothing.
     */
    @Bean
    HibernatePropertiesCustomizer jobTable(IsolatedDatabase database) {
        String engine = database.settings().engine().name().toLowerCase(java.util.Locale.ROOT);
        return properties -> {
            properties.put("jakarta.persistence.schema-generation.create-source", "metadata-then-script");
            properties.put("jakarta.persistence.schema-generation.create-script-source",
                    "dev/sharedsession/web/safe/scheduled_tasks-" + engine + ".sql");
        };
    }

    /**
     * How a JVM claims due jobs. On PostgreSQL one statement, {@code SELECT ... FOR UPDATE SKIP LOCKED},
     * locks the rows it takes, and other JVMs skip them (db-scheduler's lock-and-fetch). db-scheduler 16
     * offers that on no other engine here: on MariaDB and H2 it selects due jobs, then claims each with
     * {@code UPDATE ... WHERE version = ?}; a JVM that loses that race leaves the job to the winner.
     */
    @Bean
    static BeanPostProcessor claimWithRowLocks(ObjectProvider<IsolatedDatabase> database) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof DbSchedulerProperties properties
                        && database.getObject().settings().engine() == Engine.POSTGRESQL) {
                    properties.setPollingStrategy(PollingStrategyConfig.Type.LOCK_AND_FETCH);
                }
                return bean;
            }
        };
    }

    /** Schedules the receipt's job on the request's connection, inside its transaction. */
    public static final class ScheduleReceipt {

        private final SchedulerClient scheduler;
        private final OneTimeTask<Long> receiptJob;

        ScheduleReceipt(SchedulerClient scheduler, OneTimeTask<Long> receiptJob) {
            this.scheduler = scheduler;
            this.receiptJob = receiptJob;
        }

        /**
         * Before the commit, on the request's thread: db-scheduler gets its connection through Spring's
         * {@code TransactionAwareDataSourceProxy}, which hands it the connection of the transaction
         * running here, Hibernate's. The INSERT into {@code scheduled_tasks} commits with the order,
         * or rolls back with it (a refused order has no job). First among the work done before the
         * commit, so that anything failing after it still rolls the job back with the order.
         */
        @Order(Ordered.HIGHEST_PRECEDENCE)
        @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
        public void scheduleReceipt(OrderPlaced placed) {
            scheduler.scheduleIfNotExists(receiptJob.instance(String.valueOf(placed.orderId()), placed.orderId()), Instant.now());
        }
    }
}
