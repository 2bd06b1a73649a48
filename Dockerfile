# Image for docker-compose.yml: builds with the Maven wrapper, runs the CLI on a JRE.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -DskipTests -pl modules/cli -am install

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/gatewatch
COPY --from=build /src/modules/cli/target/gatewatch-cli-*.jar /opt/gatewatch/
COPY --from=build /src/modules/cli/target/lib /opt/gatewatch/lib
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.gatewatch.avro -cp '/opt/gatewatch/*:/opt/gatewatch/lib/*' io.gatewatch.cli.Main \"$@\"", "gatewatch"]
