-- db-scheduler's job table (DurableReceipts), run by Hibernate after it created the entities' tables.
-- Times are datetime(6) in UTC (db-scheduler.always-persist-timestamp-in-utc).
create table scheduled_tasks (task_name varchar(100) not null, task_instance varchar(100) not null, task_data blob, execution_time datetime(6) not null, picked boolean not null, picked_by varchar(50), last_success datetime(6) null, last_failure datetime(6) null, consecutive_failures int, last_heartbeat datetime(6) null, version bigint not null, priority smallint, primary key (task_name, task_instance));
create index scheduled_tasks_due on scheduled_tasks (execution_time);
create index scheduled_tasks_heartbeat on scheduled_tasks (last_heartbeat);
