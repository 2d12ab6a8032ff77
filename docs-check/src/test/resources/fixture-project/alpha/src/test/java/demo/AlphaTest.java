// A fixture file for docs-check's own tests: only its name (-Dtest= patterns must match it) and its methods' names matter.
package demo;

class AlphaTest {
    void works() {
    }
}
