// The local lab: the cluster topology on one Linux machine, from network namespaces.
export { LabAdapter, LAB_RUNTIME_PROBLEM, LAB_KUBERNETES_MODE_PROBLEM, LAB_NODE_PORT, type LabRuntime, clientAddress, CLIENT_OFFSET, type LabAdapterArgs, type LabHost, type LabNetwork, type LabSoftware, type LabTypes } from "./adapter";
export { labNames, LAB_STATE_ROOT, type LabNames } from "./names";
export { findOnPath, findTool, labPreflightProblems, hasNetAdmin } from "./preflight";
export { ClusterPki, Container, CriRuntime, DockerEngine, Host, Process, Switch } from "./resources";
export { labControlPlane, labKubeNode, type LabKubeNode, type LabKubernetes } from "./kubernetes/cluster";
export { KUBERNETES_VERSION, ETCD_VERSION, kubernetesBinDir } from "./kubernetes/paths";
