// The OWL 2 DL profile check of an ontology file, with the OWL API that ships inside owlready2's
// HermiT.jar (OWL API 3.4). OWL2DLProfile covers declarations, punning, reserved vocabulary and
// global restrictions; OWL API 3 takes every XSD datatype as built in, so the datatypes of the
// signature are also checked against the OWL 2 datatype map (OWL2Datatype). Prints one violation
// per line, then "violations: N"; exits 1 when there is any.
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLDatatype;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.vocab.OWL2Datatype;

public class ProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        List<String> problems = new ArrayList<String>();
        for (OWLProfileViolation v : new OWL2DLProfile().checkOntology(ontology).getViolations()) {
            problems.add(v.toString().replace('\n', ' '));
        }
        for (OWLDatatype d : ontology.getDatatypesInSignature()) {
            if (!OWL2Datatype.isBuiltIn(d.getIRI()) && !ontology.isDeclared(d)) {
                problems.add("Datatype not in the OWL 2 datatype map: " + d.getIRI());
            }
        }
        for (String p : problems) {
            System.out.println(p);
        }
        System.out.println("violations: " + problems.size());
        System.exit(problems.isEmpty() ? 0 : 1);
    }
}
