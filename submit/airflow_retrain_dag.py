"""Nightly sparkmore retraining as an Airflow DAG (apache-airflow-providers-apache-spark).

SparkSubmitOperator runs spark-submit on the Airflow worker, against the cluster of the Spark connection
`spark_default` (its host is the master: spark://host:7077, yarn or k8s://...). The worker needs a Spark 4.1
installation (spark-submit on PATH or the connection's spark-home) and this checkout at SPARKMORE (the job jar from
`mvn package` and conf/). Copy this file into the DAGs folder. Not run in CI: there is no Airflow here.
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

SPARKMORE = "/opt/sparkmore"

with DAG(
    dag_id="sparkmore_retrain",
    schedule="17 3 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    # One retraining at a time: model versions never race
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=10)},
    tags=["sparkmore"],
) as dag:
    SparkSubmitOperator(
        task_id="retrain",
        conn_id="spark_default",
        application=f"{SPARKMORE}/target/sparkmore-job.jar",
        java_class="org.sparkmore.cli.Main",
        name="sparkmore-retrain",
        # ND4J one thread per task, the JavaCPP cache, the serializer, ...: see that file
        properties_file=f"{SPARKMORE}/conf/spark-defaults.conf",
        application_args=[
            "train",
            "--input", "hdfs:///data/names.csv",
            "--output", "hdfs:///models/",
            "--versioned",
            "--warm-start", "latest",
            "--keep", "7",
        ],
        execution_timeout=timedelta(hours=4),
    )
