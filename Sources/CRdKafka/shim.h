#ifndef RAKOR_CRDKAFKA_SHIM_H
#define RAKOR_CRDKAFKA_SHIM_H
// Debian's librdkafka-dev installs its headers under <librdkafka/>.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#endif
