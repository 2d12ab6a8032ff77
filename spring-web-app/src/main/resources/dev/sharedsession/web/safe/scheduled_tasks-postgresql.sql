-- db-scheduler's job table (DurableReceipts), run by Hibernate after it created the entities' tables.
create table scheduled_tasks (task_name text not null, task_instance text not null, task_data bytea, execution_time timestamp with time zone not null, picked boolean not null, picked_by text, last_success timestamp with time zone, last_failure timestamp with time zone, consecutive_failures int, last_heartbeat timestamp with time zone, version bigint not null, priority smallint, primary key (task_name, task_instance));
create index scheduled_tasks_due on scheduled_tasks (execution_time);
create index scheduled_tasks_heartbeat on scheduled_tasks (last_heartbeat);
